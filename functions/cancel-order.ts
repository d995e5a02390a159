import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { orderApplicationSettings } from '../shared/composition/order-application-settings.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { cancelOrderExchange } from '../shared/http/exchanges/cancel-order-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('cancelOrder', {
  methods: [apiRoutes.cancelOrder.method],
  route: apiRoutes.cancelOrder.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'cancelOrder', request, log: context, application }, (orders) =>
      cancelOrderExchange(orders, request, { ...context, settings: orderApplicationSettings.http }),
    ),
});
