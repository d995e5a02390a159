import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { orderApplicationSettings } from '../shared/composition/order-application-settings.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { getOrderExchange } from '../shared/http/exchanges/get-order-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('getOrder', {
  methods: [apiRoutes.getOrder.method],
  route: apiRoutes.getOrder.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'getOrder', request, log: context, application }, (orders) =>
      getOrderExchange(orders, request, orderApplicationSettings.http),
    ),
});
