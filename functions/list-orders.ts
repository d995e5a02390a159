import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { listOrdersExchange } from '../shared/http/exchanges/list-orders-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('listOrders', {
  methods: [apiRoutes.listOrders.method],
  route: apiRoutes.listOrders.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'listOrders', request, log: context, application }, (orders) =>
      listOrdersExchange(orders, request),
    ),
});
