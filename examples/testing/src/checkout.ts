/**
 * A small shop's checkout: it totals the cart and tells Acoustic Connect
 * about the order with an `order` signal, sent with connect-signals' client.
 */
import { createSignalsClient, type Region, type SendReport } from 'connect-signals';

export interface CartItem {
  productId: string;
  productName: string;
  unitPrice: number;
  quantity: number;
}

export interface Order {
  orderId: string;
  email: string;
  currency: string;
  items: CartItem[];
  shipping?: number;
}

/** Where the signals go: Connect (a region) in production, an emulator or a mock in tests. */
export interface ConnectSettings {
  apiKey: string;
  appKey: string;
  endpoint?: string;
  region?: Region;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Checks out `order`: returns its total and the delivery report of its order signal. */
export async function checkout(order: Order, connect: ConnectSettings): Promise<{ total: number; report: SendReport | null }> {
  if (order.items.length === 0) return { total: 0, report: null }; // nothing bought, nothing to tell
  const subtotal = cents(order.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0));
  const shipping = order.shipping ?? 0;
  const total = cents(subtotal + shipping);
  // A client per checkout keeps the example short; an app would keep one for its lifetime.
  const client = createSignalsClient(connect.endpoint !== undefined
    ? { endpoint: connect.endpoint, apiKey: connect.apiKey, appKey: connect.appKey }
    : { region: connect.region ?? 'us-1', apiKey: connect.apiKey, appKey: connect.appKey });
  try {
    const report = await client.send([{
      identifiableAttributes: { email: order.email },
      signalContent: {
        signalType: 'order',
        orderId: order.orderId,
        currency: order.currency,
        orderSubtotal: subtotal,
        orderShippingHandling: shipping,
        orderValue: total,
        orderedItems: order.items.map((item) => ({
          productId: item.productId,
          productName: item.productName,
          unitPrice: item.unitPrice,
          itemQuantity: item.quantity,
        })),
      },
    }]);
    return { total, report };
  } finally {
    await client.close();
  }
}
