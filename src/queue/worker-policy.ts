// The worker's delivery policy is the delivery loop's (src/delivery/policy.ts).
export { DELIVER_AGAIN_CODES, deliverAgain } from '../delivery/policy.js';
