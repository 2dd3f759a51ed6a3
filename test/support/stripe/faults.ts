/** Ways to make the stand-in misbehave like Stripe or the network on a bad day. */
export type FaultKind =
  /** Answer with an error status (500 `api_error` by default) without running the request. */
  | 'error'
  /** Accept the request and never answer (the client's timeout fires). */
  | 'hang'
  /**
   * Close the connection without running the request. Note: stripe-node retries a closed
   * connection once on its own (even with maxNetworkRetries 0), so use a count of 2 to make
   * the caller see the failure.
   */
  | 'drop_before'
  /** Run the request (state changes, idempotent result stored), then close the connection unanswered. */
  | 'drop_after'
  /** Run the request, then keep the connection open without answering (the caller dies or times out waiting). */
  | 'hang_after';

export type FaultRule = {
  kind: FaultKind;
  /** How many matching requests this rule still applies to. */
  remaining: number;
  /** Only requests whose path starts with this (e.g. `/v1/refunds`). */
  path?: string;
  method?: string;
  status?: number;
};

export class Faults {
  private rules: FaultRule[] = [];

  add(rule: Omit<FaultRule, 'remaining'> & { count?: number }): void {
    const { count, ...rest } = rule;
    this.rules.push({ ...rest, remaining: count ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** Takes the first rule matching this request, using up one of its count. */
  take(method: string, path: string): FaultRule | null {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.path || path.startsWith(r.path)) && (!r.method || r.method === method));
    if (!rule) return null;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule;
  }
}
