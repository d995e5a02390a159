import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { orderHistoryExchange } from '../shared/http/exchanges/order-history-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('getOrderHistory', {
  methods: [apiRoutes.getOrderHistory.method],
  route: apiRoutes.getOrderHistory.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'getOrderHistory', request, log: context, application }, (history) =>
      orderHistoryExchange(history, request),
    ),
});
