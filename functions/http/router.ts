/**
 * The one router for the form, the case log and Open311. A route's path is a template: literal
 * segments and `{name}` parameters, each parameter matched by the pattern the table gives for its
 * name. Routes are tried in table order, so list literal paths before templates that would also
 * match them. Each table keeps its own metadata (access, kind, handler) beside the path.
 */

export type Method = "GET" | "POST";

export interface RouteSpec {
  method: Method;
  /** e.g. `/staff/cases/{reference}` or `/open311/v2/services/{code}.{format}`. */
  path: string;
}

export interface ParamSpec {
  /** A regular expression source for the parameter's value (no anchors, no capture groups). */
  pattern: string;
  /** A value that matches, to make an example path of every route (tests walk them all). */
  example: string;
}

export type Compiled<R extends RouteSpec> = R & {
  /** Anchored: tests `pattern.test(example)`. */
  pattern: RegExp;
  /** A concrete path this route answers. */
  example: string;
};

export interface RouteMatch<R extends RouteSpec> {
  route: Compiled<R>;
  params: Record<string, string>;
}

export interface Router<R extends RouteSpec> {
  routes: readonly Compiled<R>[];
  /** The route for this method and path, with its parameters. */
  match(method: string, path: string): RouteMatch<R> | undefined;
  /** The methods some route takes at this path: empty means no such resource. */
  allowedMethods(path: string): Method[];
}

const PARAM = /\{([a-zA-Z]+)\}/g;

export function createRouter<R extends RouteSpec>(
  table: readonly R[],
  params: Record<string, ParamSpec> = {},
): Router<R> {
  const routes = table.map((route) => compile(route, params));
  const matchPath = (route: Compiled<R>, path: string) => {
    const found = route.pattern.exec(path);
    return found ? { ...found.groups } : undefined;
  };
  return {
    routes,
    match(method, path) {
      for (const route of routes) {
        if (route.method !== method) continue;
        const values = matchPath(route, path);
        if (values) return { route, params: values };
      }
      return undefined;
    },
    allowedMethods(path) {
      return [...new Set(routes.filter((r) => matchPath(r, path)).map((r) => r.method))];
    },
  };
}

function compile<R extends RouteSpec>(route: R, params: Record<string, ParamSpec>): Compiled<R> {
  let source = "";
  let example = "";
  let last = 0;
  for (const found of route.path.matchAll(PARAM)) {
    const name = found[1] as string;
    const spec = params[name];
    if (!spec) throw new Error(`Route ${route.method} ${route.path}: no pattern for {${name}}`);
    const literal = route.path.slice(last, found.index);
    source += escape(literal) + `(?<${name}>${spec.pattern})`;
    example += literal + spec.example;
    last = found.index + found[0].length;
  }
  source += escape(route.path.slice(last));
  example += route.path.slice(last);
  return { ...route, pattern: new RegExp(`^${source}$`), example };
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
