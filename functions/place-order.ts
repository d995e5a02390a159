import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { orderApplicationSettings } from '../shared/composition/order-application-settings.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { placeOrderExchange } from '../shared/http/exchanges/place-order-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('placeOrder', {
  methods: [apiRoutes.placeOrder.method],
  route: apiRoutes.placeOrder.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'placeOrder', request, log: context, application }, (orders) =>
      placeOrderExchange(orders, request, { ...context, settings: orderApplicationSettings.http }),
    ),
});
