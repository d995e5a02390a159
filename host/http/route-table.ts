import type { AuthLevel } from './function-keys.js';
import {
  matchRouteTemplate,
  parseRouteTemplate,
  type RouteSegment,
  type RouteTemplate,
} from './route-template.js';

/** One HTTP function as the router sees it. */
export interface HttpRoute {
  functionName: string;
  /** The route as declared (or the function name), without the prefix. */
  route: string;
  /** Upper-case methods; undefined accepts every method. */
  methods: string[] | undefined;
  authLevel: AuthLevel;
  template: RouteTemplate;
}

export interface HttpRouteDeclaration {
  functionName: string;
  route: string | undefined;
  methods: string[] | undefined;
  authLevel: AuthLevel;
}

/**
 * The function routes of an app, ordered and checked as the host does: routes default to the function name,
 * may not start with "admin" or "runtime", and two functions conflict when their routes are equal (ignoring case and
 * slashes) and their methods intersect (`ScriptHost.ValidateFunction`). Matching tries routes by specificity
 * (`WebJobsRouteBuilder.RouteComparison`); a route whose template matches but whose methods do not is skipped, so an
 * unsupported method ends in 404, as on Azure (Azure/azure-functions-host#10098).
 */
export class RouteTable {
  readonly routes: readonly HttpRoute[];

  private constructor(routes: HttpRoute[]) {
    this.routes = routes;
  }

  static build(
    declarations: HttpRouteDeclaration[],
    routePrefix: string,
  ): { table: RouteTable; problems: string[] } {
    const problems: string[] = [];
    const routes: HttpRoute[] = [];
    for (const declaration of declarations) {
      const route = declaration.route?.trim() ? declaration.route : declaration.functionName;
      const where = `function '${declaration.functionName}'`;
      const normalized = route.replace(/^\/+|\/+$/g, '').toLowerCase();
      if (normalized.startsWith('admin') || normalized.startsWith('runtime')) {
        problems.push(
          `${where}: the route "${route}" conflicts with the host's built-in routes (admin/…, runtime/…)`,
        );
        continue;
      }
      const rival = routes.find(
        (other) =>
          other.route.replace(/^\/+|\/+$/g, '').toLowerCase() === normalized &&
          methodsIntersect(other, declaration),
      );
      if (rival) {
        problems.push(
          `${where}: the route "${route}" conflicts with the route defined by function '${rival.functionName}'`,
        );
        continue;
      }
      try {
        const template = parseRouteTemplate(routePrefix ? `${routePrefix}/${route}` : route);
        routes.push({
          ...declaration,
          route,
          template,
          methods: declaration.methods?.map((m) => m.toUpperCase()),
        });
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
    routes.sort((x, y) => compareSpecificity(x.template.segments, y.template.segments));
    return { table: new RouteTable(routes), problems };
  }

  /** The first route matching the request, with its route values. */
  match(method: string, pathname: string): { route: HttpRoute; params: Record<string, string> } | undefined {
    const path = splitPath(pathname);
    const upperMethod = method.toUpperCase();
    for (const route of this.routes) {
      if (route.methods && !route.methods.includes(upperMethod)) continue;
      const params = matchRouteTemplate(route.template, path);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function methodsIntersect(route: HttpRoute, declaration: HttpRouteDeclaration): boolean {
  if (!route.methods?.length || !declaration.methods?.length) return true;
  return declaration.methods.some((method) => route.methods!.includes(method.toUpperCase()));
}

// Literals before parameters, more constraints before fewer, literals in ordinal order, longer before shorter.
function compareSpecificity(x: RouteSegment[], y: RouteSegment[]): number {
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i];
    if (!b) return -1;
    if (a.kind === 'literal' && b.kind === 'parameter') return -1;
    if (a.kind === 'parameter' && b.kind === 'literal') return 1;
    if (a.kind === 'parameter' && b.kind === 'parameter') {
      const difference = b.parameter.constraints.length - a.parameter.constraints.length;
      if (difference !== 0) return Math.sign(difference);
    } else if (a.kind === 'literal' && b.kind === 'literal') {
      const order = compareOrdinalIgnoreCase(a.text, b.text);
      if (order !== 0) return order;
    }
  }
  return y.length > x.length ? 1 : 0;
}

function compareOrdinalIgnoreCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Path segments, percent-decoded except for "%2F", which stays as it is, as in ASP.NET Core. */
function splitPath(pathname: string): string[] {
  const trimmed = pathname.replace(/^\/+/, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment.replace(/%2f/gi, '%252F'));
    } catch {
      return segment;
    }
  });
}
