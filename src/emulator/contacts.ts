/**
 * The emulator's audience: contacts indexed by each identifying attribute, and
 * Connect's contact-mapping rule for an accepted signal.
 */
import { IDENTIFYING_ATTRIBUTES, checkContactSeed } from './contact-seeds.js';
import { EmulatorError } from './errors.js';
import type { ContactSeed } from './options.js';
import type { SignalRecord } from './signal-record.js';

/** Which identifying attribute a value belongs to. */
export type IdentifyingAttribute = (typeof IDENTIFYING_ATTRIBUTES)[number];

/** One contact as the emulator keeps it. */
export interface ContactRecord {
  readonly contactId: string;
  /** `seeded` (given at start or posted) or `created` (by a signal with an unknown e-mail or phone). */
  readonly origin: 'seeded' | 'created';
  readonly attributes: Record<string, unknown>;
  /** Accepted signals mapped to this contact and still retained, oldest first. */
  signals: SignalRecord[];
  /** Accepted signals ever mapped to this contact (retained or not). */
  signalCount: number;
}

/** E-mail addresses match case-insensitively; the other attributes exactly. */
function indexKey(name: IdentifyingAttribute, value: string): string {
  return name === 'email' ? value.toLowerCase() : value;
}

/** The outcome of mapping a signal to a contact. */
export type ContactMapping = { readonly contact: ContactRecord } | { readonly contact: null; readonly reason: string };

/** Contacts, indexed for the mapping of signals. */
export class ContactBook {
  private readonly all: ContactRecord[] = [];
  private readonly index: Record<IdentifyingAttribute, Map<string, ContactRecord>> = {
    contactKey: new Map(),
    email: new Map(),
    sms: new Map(),
    whatsapp: new Map(),
  };

  /** Every contact, in order of creation. */
  list(): readonly ContactRecord[] {
    return this.all;
  }

  /** Adds a seeded contact; throws {@link EmulatorError} if one of its attributes already belongs to a contact. */
  seed(seed: ContactSeed, where = 'contact'): ContactRecord {
    checkContactSeed(seed, where);
    for (const name of IDENTIFYING_ATTRIBUTES) {
      const value = seed[name];
      const owner = value === undefined ? undefined : this.index[name].get(indexKey(name, value));
      if (owner !== undefined) {
        throw new EmulatorError('ERR_CONTACT_SEED', `${where}: ${name} ${JSON.stringify(value)} already belongs to ${owner.contactId}`);
      }
    }
    return this.add('seeded', { ...seed });
  }

  /**
   * Connect's rule: an existing contact with the attribute gets the signal; an
   * unknown e-mail or phone number creates a contact; an unknown contact key
   * alone cannot create a reachable contact, so the signal is discarded.
   */
  map(attributes: Readonly<Record<string, unknown>>): ContactMapping {
    for (const name of IDENTIFYING_ATTRIBUTES) {
      const value = attributes[name];
      if (typeof value !== 'string') continue;
      const found = this.index[name].get(indexKey(name, value));
      if (found !== undefined) return { contact: found };
      if (name === 'contactKey') {
        return { contact: null, reason: `no contact has contactKey ${JSON.stringify(value)}, and a contact key alone cannot create a contact` };
      }
      return { contact: this.add('created', { [name]: value }) };
    }
    return { contact: null, reason: 'the signal has no identifiable attribute' };
  }

  /** Forgets every contact. */
  clear(): void {
    this.all.length = 0;
    for (const name of IDENTIFYING_ATTRIBUTES) this.index[name].clear();
  }

  private add(origin: ContactRecord['origin'], attributes: Record<string, unknown>): ContactRecord {
    const contact: ContactRecord = { contactId: `contact-${this.all.length + 1}`, origin, attributes, signals: [], signalCount: 0 };
    this.all.push(contact);
    for (const name of IDENTIFYING_ATTRIBUTES) {
      const value = attributes[name];
      if (typeof value === 'string') this.index[name].set(indexKey(name, value), contact);
    }
    return contact;
  }
}
