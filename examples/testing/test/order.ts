import type { Order } from '../src/checkout.js';

/** Jane's order: two mugs and a tea towel, plus shipping. */
export const janesOrder: Order = {
  orderId: 'A-1001',
  email: 'jane.doe@example.com',
  currency: 'USD',
  items: [
    { productId: 'MUG-1', productName: 'Stoneware mug', unitPrice: 19.99, quantity: 2 },
    { productId: 'TOWEL-3', productName: 'Linen tea towel', unitPrice: 14.99, quantity: 1 },
  ],
  shipping: 10,
};
