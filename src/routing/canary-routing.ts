import { Duration } from 'cdk8s';

/*
 * How a canary release routes requests besides the weight, as every router reads it. The types
 * live in routing/, the lowest layer that needs them: the routers check them, and CanaryIngress
 * (traffic/) takes them as props.
 */

/**
 * Send requests that carry a header to the canary, whatever the weight. ingress-nginx checks the
 * header before the cookie and the weight; Gateway API matches it in a rule of its own, which
 * takes precedence over the weighted rule because it matches more.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
 */
export interface CanaryHeaderOptions {
  /**
   * The header name (letters, digits and "-").
   */
  readonly name: string;

  /**
   * Exact, case-sensitive value that routes to the canary; any other value falls through to
   * the cookie and the weight. Required with Gateway API, which has no "always" or "never".
   *
   * @default - ingress-nginx: the values "always" and "never" route to and away from the canary
   */
  readonly value?: string;

  /**
   * A regular expression (unanchored, as ingress-nginx matches it) that routes to the canary
   * when it matches the header's value. Not together with `value`. With Gateway API it is an
   * implementation-specific `RegularExpression` match, refused unless the router sets
   * `implementationSpecificRegex`.
   *
   * @default - no pattern
   */
  readonly pattern?: string;
}

/**
 * Cookie affinity, so that a user who reached the canary stays there.
 */
export interface StickySessionOptions {
  /**
   * Name of the affinity cookie.
   *
   * @default - `<app>-route`
   */
  readonly cookieName?: string;

  /**
   * How long the cookie lives.
   *
   * @default - a session cookie
   */
  readonly maxAge?: Duration;
}
