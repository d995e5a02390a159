import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { metricsExchange } from '../shared/http/exchanges/metrics-exchange.js';
import { serveApi } from '../shared/http/serve-api.js';

app.http('getTelemetryMetrics', {
  methods: [apiRoutes.getTelemetryMetrics.method],
  route: apiRoutes.getTelemetryMetrics.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'getTelemetryMetrics', request, log: context, application }, (metrics) =>
      metricsExchange(metrics, request),
    ),
});
