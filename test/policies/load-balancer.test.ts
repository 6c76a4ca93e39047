import { beforeAll, describe, expect, it } from "vitest";
import { badLoadBalancers, goodLoadBalancers } from "../fixtures/policy-programs/load-balancer";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const LB = familyPolicies("load-balancer");

describe("load-balancer policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodLoadBalancers);
    bad = await judge(badLoadBalancers);
  });

  it("passes an HTTPS prod ALB with a redirect on 80, and a plain-HTTP listener in dev", () => {
    expect(findings(good.violations, LB)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => LB.includes(p)))).toEqual(new Set(LB));
    expect(LB).toHaveLength(5);
  });

  it("flags each policy on the offending resource", () => {
    expect(flagged(bad.violations, LB)).toEqual([
      "alb-access-logs → careless",
      "alb-access-logs → logs-off",
      "alb-deletion-protection → careless",
      "alb-drop-invalid-headers → careless",
      "alb-listener-https → careless-http",
      "alb-listener-tls-policy → careless-https",
    ]);
  });

  it("says exactly what to change", () => {
    expect(findings(bad.violations, LB)).toEqual([
      "alb-access-logs → careless: accessLogs is not configured; set accessLogs to { bucket: <log bucket name>, enabled: true }.",
      "alb-access-logs → logs-off: accessLogs is disabled; set accessLogs to { bucket: <log bucket name>, enabled: true }.",
      "alb-deletion-protection → careless: enableDeletionProtection is unset in prod; set it to true.",
      "alb-drop-invalid-headers → careless: dropInvalidHeaderFields is unset; set it to true.",
      'alb-listener-https → careless-http: Listener on port 80 has protocol "HTTP" and forwards traffic unencrypted in prod; use protocol "HTTPS" with certificateArn, or make its only default action a redirect to HTTPS.',
      'alb-listener-tls-policy → careless-https: sslPolicy is "ELBSecurityPolicy-2016-08"; set it to one of: ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-3-2021-06, ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04.',
    ]);
    expect(
      new Set(bad.violations.filter((v) => LB.includes(v.policy)).map((v) => v.enforcementLevel)),
    ).toEqual(new Set(["mandatory"]));
  });

  it("lets config allow plain HTTP in another environment", async () => {
    const relaxed = await judge(badLoadBalancers, {
      policyConfig: { "alb-listener-https": { plainHttpEnvironments: ["dev", "prod"] } },
    });
    expect(flagged(relaxed.violations, ["alb-listener-https"])).toEqual([]);
  });
});
