/**
 * Facts of Connect's API (the reference and NOTES.md) that the client and the
 * emulator both obey: written once here.
 */

/** At most 500 signals per createSignals mutation ("Batch size" in the reference). */
export const MAX_SIGNALS_PER_MUTATION = 500;
