import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { apiRoutes } from '../shared/http/api-routes.js';
import { openApiDocument } from '../shared/http/openapi/openapi-document.js';
import { openApiResponse } from '../shared/http/order-responses.js';
import { serveApi } from '../shared/http/serve-api.js';

const document = openApiDocument();

app.http('getOpenApi', {
  methods: [apiRoutes.getOpenApi.method],
  route: apiRoutes.getOpenApi.route,
  authLevel: 'anonymous',
  handler: (request, context) =>
    serveApi({ operation: 'getOpenApi', request, log: context, application }, () =>
      Promise.resolve(openApiResponse(document)),
    ),
});
