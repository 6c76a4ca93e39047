import { beforeAll, describe, expect, it } from "vitest";
import { userDataTexts } from "../../policies/compute";
import { badCompute, goodCompute } from "../fixtures/policy-programs/compute";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const COMPUTE = familyPolicies("compute");

describe("compute policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodCompute);
    bad = await judge(badCompute);
  });

  it("passes a hardened launch template and ASG inside a component, an instance and a volume", () => {
    expect(findings(good.violations, COMPUTE)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => COMPUTE.includes(p)))).toEqual(
      new Set(COMPUTE),
    );
    expect(COMPUTE.length).toBeGreaterThan(3);
  });

  it("flags each compute policy on the offending resource", () => {
    expect(flagged(bad.violations, COMPUTE)).toEqual([
      "asg-elb-health-check → single-az",
      "asg-launch-template → legacy-lc",
      "asg-launch-template → single-az",
      "asg-multi-az → single-az",
      "ec2-ebs-encrypted → open-lt",
      "ec2-ebs-encrypted → plain-disk",
      "ec2-ebs-encrypted → public-box",
      "ec2-imds-hop-limit → open-lt",
      "ec2-imdsv2 → open-lt",
      "ec2-imdsv2 → public-box",
      "ec2-no-public-ip → open-lt",
      "ec2-no-public-ip → public-box",
      "ec2-user-data-secrets → open-lt",
      "ec2-user-data-secrets → public-box",
    ]);
  });

  it("names the property, the value and the fix, and never echoes the secret", () => {
    const lines = findings(bad.violations, COMPUTE);
    expect(lines).toEqual(
      expect.arrayContaining([
        'ec2-imdsv2 → open-lt: metadataOptions.httpTokens is "optional"; set it to "required" (IMDSv2 only).',
        'ec2-imdsv2 → public-box: metadataOptions.httpTokens is unset; set it to "required" (IMDSv2 only).',
        "ec2-imds-hop-limit → open-lt: metadataOptions.httpPutResponseHopLimit is 3; set it to 2 or less.",
        'ec2-ebs-encrypted → open-lt: blockDeviceMappings[0].ebs.encrypted is "false"; set it to "true".',
        "ec2-ebs-encrypted → plain-disk: encrypted is unset; set it to true.",
        "ec2-ebs-encrypted → public-box: rootBlockDevice.encrypted is unset; set it to true.",
        'ec2-no-public-ip → open-lt: networkInterfaces[0].associatePublicIpAddress is "true"; set it to "false".',
        "ec2-no-public-ip → public-box: associatePublicIpAddress is true; set it to false and use a private subnet.",
        "ec2-user-data-secrets → open-lt: userData contains an AWS access key id (AKIA…/ASIA…) on line 2; remove it and read the secret at boot from Secrets Manager or SSM Parameter Store via the instance role.",
        "ec2-user-data-secrets → open-lt: userData contains a password assignment (password=…) on line 3; remove it and read the secret at boot from Secrets Manager or SSM Parameter Store via the instance role.",
        "ec2-user-data-secrets → public-box: userData contains a private key (-----BEGIN … PRIVATE KEY-----) on line 2; remove it and read the secret at boot from Secrets Manager or SSM Parameter Store via the instance role.",
        "asg-multi-az → single-az: vpcZoneIdentifiers lists 1 subnet(s); set it to subnets in at least 2 availability zones.",
        'asg-elb-health-check → single-az: The group receives load-balancer traffic but healthCheckType is "EC2"; set it to "ELB" so instances failing target-group health checks are replaced.',
      ]),
    );
    expect(lines.join("\n")).not.toContain("AKIAABCDEFGHIJKLMNOP");
    expect(lines.join("\n")).not.toContain("hunter2");
  });
});

describe("userDataTexts", () => {
  it("decodes base64 user data that decodes to text, and leaves binary alone", () => {
    const script = "#!/bin/bash\necho hi\n";
    expect(userDataTexts(Buffer.from(script).toString("base64"))).toContain(script);
    expect(userDataTexts(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]).toString("base64"))).toHaveLength(
      1,
    );
    expect(userDataTexts("#!/bin/bash\n")).toEqual(["#!/bin/bash\n"]);
  });
});
