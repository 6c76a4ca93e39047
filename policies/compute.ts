import { joinByReference } from "./lib/joins";
import { type CatalogEntry, resourcePolicy, stackPolicy } from "./lib/policy";
import { T } from "./lib/types";
import { bool, get, isObject, isUnknown, list, num, type Plain, show, str } from "./lib/values";

/** metadataOptions lives at the top level of both aws.ec2.Instance and aws.ec2.LaunchTemplate. */
const IMDS_TYPES = [T.instance, T.launchTemplate];

export const ec2Imdsv2 = resourcePolicy({
  name: "ec2-imdsv2",
  family: "compute",
  description:
    'Checks whether instances and launch templates require IMDSv2 (metadataOptions.httpTokens "required") or disable the metadata endpoint (CKV_AWS_79).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_79"],
  remediationSteps:
    'Set metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 }.',
  types: IMDS_TYPES,
  check: (subject, _config, report) => {
    const options = subject.props.metadataOptions;
    if (isUnknown(options)) return;
    const tokens = get(options, "httpTokens");
    const endpoint = get(options, "httpEndpoint");
    if (isUnknown(tokens) || tokens === "required" || endpoint === "disabled") return;
    report(`metadataOptions.httpTokens is ${show(tokens)}; set it to "required" (IMDSv2 only).`);
  },
});

interface HopLimitConfig {
  maxHopLimit: number;
}

export const ec2ImdsHopLimit = resourcePolicy<HopLimitConfig>({
  name: "ec2-imds-hop-limit",
  family: "compute",
  description:
    "Checks whether metadataOptions.httpPutResponseHopLimit is at most the configured limit (2 by default, so containers on the node reach IMDS but nothing beyond; CKV_AWS_341 asks for 1).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_341"],
  remediationSteps:
    "Set metadataOptions.httpPutResponseHopLimit to 1 (no containers) or 2 (containers on the node).",
  configSchema: {
    properties: {
      maxHopLimit: {
        type: "integer",
        minimum: 1,
        maximum: 64,
        default: 2,
        description: "Largest hop limit allowed.",
      },
    },
  },
  types: IMDS_TYPES,
  check: (subject, config, report) => {
    const raw = get(subject.props, "metadataOptions", "httpPutResponseHopLimit");
    const limit = num(raw);
    if (limit === undefined || limit <= config.maxHopLimit) return;
    report(`metadataOptions.httpPutResponseHopLimit is ${limit}; set it to ${config.maxHopLimit} or less.`);
  },
});

interface EncryptedUse {
  readonly encrypted: Plain | undefined;
  readonly path: string;
}

function encryptionOf(props: Record<string, Plain>, type: string): EncryptedUse[] {
  const uses: EncryptedUse[] = [];
  if (type === T.volume) uses.push({ encrypted: props.encrypted, path: "encrypted" });
  if (type === T.instance || type === T.launchConfiguration) {
    uses.push({ encrypted: get(props, "rootBlockDevice", "encrypted"), path: "rootBlockDevice.encrypted" });
    const devices = list(props.ebsBlockDevices);
    if (!isUnknown(devices)) {
      for (const [i, device] of devices.entries()) {
        uses.push({ encrypted: get(device, "encrypted"), path: `ebsBlockDevices[${i}].encrypted` });
      }
    }
  }
  if (type === T.launchTemplate) {
    const mappings = list(props.blockDeviceMappings);
    if (isUnknown(mappings)) return uses;
    const ebs = mappings
      .map((mapping, i) => ({ mapping, i }))
      .filter(({ mapping }) => get(mapping, "ebs") !== undefined);
    if (ebs.length === 0) uses.push({ encrypted: undefined, path: "blockDeviceMappings[].ebs.encrypted" });
    for (const { mapping, i } of ebs) {
      uses.push({
        encrypted: get(mapping, "ebs", "encrypted"),
        path: `blockDeviceMappings[${i}].ebs.encrypted`,
      });
    }
  }
  return uses;
}

export const ec2EbsEncrypted = resourcePolicy({
  name: "ec2-ebs-encrypted",
  family: "compute",
  description:
    "Checks whether EBS volumes, instance root/EBS block devices and launch-template block devices are encrypted (CKV_AWS_8, CKV_AWS_3).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_8", "CKV_AWS_3"],
  remediationSteps:
    'Set encrypted: true (launch templates: blockDeviceMappings[].ebs.encrypted "true"), optionally with kmsKeyId.',
  types: [T.volume, T.instance, T.launchConfiguration, T.launchTemplate],
  check: (subject, _config, report) => {
    for (const use of encryptionOf(subject.props, subject.type)) {
      if (isUnknown(use.encrypted) || bool(use.encrypted) === true) continue;
      const target = subject.type === T.launchTemplate ? '"true"' : "true";
      report(`${use.path} is ${show(use.encrypted)}; set it to ${target}.`);
    }
  },
});

export const ec2NoPublicIp = resourcePolicy({
  name: "ec2-no-public-ip",
  family: "compute",
  description:
    "Checks whether instances and launch-template network interfaces do not associate a public IP address (CKV_AWS_88).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_88"],
  remediationSteps:
    "Set associatePublicIpAddress to false and place instances in private subnets behind a NAT gateway or load balancer.",
  types: [T.instance, T.launchTemplate],
  check: (subject, _config, report) => {
    if (subject.type === T.instance && bool(subject.props.associatePublicIpAddress) === true) {
      report("associatePublicIpAddress is true; set it to false and use a private subnet.");
    }
    const interfaces = list(subject.props.networkInterfaces);
    if (isUnknown(interfaces)) return;
    interfaces.forEach((nic, i) => {
      if (bool(get(nic, "associatePublicIpAddress")) !== true) return;
      report(
        `networkInterfaces[${i}].associatePublicIpAddress is ${show(get(nic, "associatePublicIpAddress"))}; set it to "false".`,
      );
    });
  },
});

/** Secret shapes we look for; names only, the matched text never reaches a message. */
const SECRET_PATTERNS: { name: string; regex: RegExp }[] = [
  { name: "an AWS access key id (AKIA…/ASIA…)", regex: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "a private key (-----BEGIN … PRIVATE KEY-----)", regex: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/ },
  { name: "an AWS secret access key assignment", regex: /aws_secret_access_key\s*[=:]\s*\S+/i },
  {
    name: "a password assignment (password=…)",
    regex: /\b(password|passwd|pwd)\s*[=:]\s*["']?[^\s"'$]{4,}/i,
  },
];

const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** True when the text has no control characters other than tab/newline/CR and no decoding replacement chars. */
function isPrintable(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) return false;
  }
  return true;
}

/** The user data as text: base64 (launch templates, userDataBase64) is decoded when it decodes to text. */
export function userDataTexts(value: string): string[] {
  const texts = [value];
  if (value.length >= 8 && BASE64.test(value)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    // Only printable decodes count; gzip'd user data stays opaque (documented limit).
    if (isPrintable(decoded)) texts.push(decoded);
  }
  return texts;
}

export const ec2UserDataSecrets = resourcePolicy({
  name: "ec2-user-data-secrets",
  family: "compute",
  description:
    "Checks whether instance and launch-template user data (decoded from base64) contains no AWS access keys, private keys or password assignments (CKV_AWS_46).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_46"],
  remediationSteps:
    "Remove the secret from user data; fetch it at boot from AWS Secrets Manager or SSM Parameter Store using the instance role.",
  types: [T.instance, T.launchTemplate, T.launchConfiguration],
  check: (subject, _config, report) => {
    for (const key of ["userData", "userDataBase64"]) {
      const value = str(subject.props[key]);
      if (value === undefined) continue;
      const texts = userDataTexts(value);
      for (const pattern of SECRET_PATTERNS) {
        const hit = texts.find((text) => pattern.regex.test(text));
        if (hit === undefined) continue;
        const line = hit.split("\n").findIndex((l) => pattern.regex.test(l)) + 1;
        report(
          `${key} contains ${pattern.name} on line ${line}; remove it and read the secret at boot from Secrets ` +
            "Manager or SSM Parameter Store via the instance role.",
        );
      }
    }
  },
});

interface MultiAzConfig {
  minSubnets: number;
}

export const asgMultiAz = resourcePolicy<MultiAzConfig>({
  name: "asg-multi-az",
  family: "compute",
  description:
    "Checks whether Auto Scaling groups span at least two subnets (vpcZoneIdentifiers) or availability zones.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set vpcZoneIdentifiers to the private subnets of at least two availability zones.",
  configSchema: {
    properties: {
      minSubnets: {
        type: "integer",
        minimum: 1,
        default: 2,
        description: "Fewest subnets (or AZs) a group may span.",
      },
    },
  },
  types: [T.asg],
  check: (subject, config, report) => {
    const subnets = list(subject.props.vpcZoneIdentifiers);
    const zones = list(subject.props.availabilityZones);
    if (isUnknown(subnets) || isUnknown(zones)) return;
    const known = (items: Plain[]) => new Set(items.filter((item) => typeof item === "string"));
    if (subnets.some(isUnknown) || zones.some(isUnknown)) return;
    const count = Math.max(known(subnets).size, known(zones).size);
    if (count >= config.minSubnets) return;
    report(
      `vpcZoneIdentifiers lists ${count} subnet(s); set it to subnets in at least ${config.minSubnets} availability zones.`,
    );
  },
});

const ATTACHMENT_TYPES: readonly string[] = [
  "aws:autoscaling/attachment:Attachment",
  "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment",
];

export const asgElbHealthCheck = stackPolicy({
  name: "asg-elb-health-check",
  family: "compute",
  description:
    'Checks whether Auto Scaling groups attached to target groups or load balancers (directly or through aws.autoscaling.Attachment) use healthCheckType "ELB" (CKV2_AWS_15).',
  enforcementLevel: "mandatory",
  checkov: ["CKV2_AWS_15"],
  remediationSteps: 'Set healthCheckType: "ELB" and a healthCheckGracePeriod that covers boot time.',
  check: (resources, _config, report) => {
    const groups = resources.filter((r) => r.type === T.asg);
    const attachments = resources.filter((r) => ATTACHMENT_TYPES.includes(r.type));
    const { byTarget } = joinByReference(groups, attachments, "autoscalingGroupName", ["id", "name"]);
    for (const group of groups) {
      const targetGroups = list(group.props.targetGroupArns);
      const balancers = list(group.props.loadBalancers);
      const attached =
        (!isUnknown(targetGroups) && targetGroups.length > 0) ||
        (!isUnknown(balancers) && balancers.length > 0) ||
        (byTarget.get(group.urn) ?? []).length > 0;
      if (!attached) continue;
      const healthCheck = group.props.healthCheckType;
      if (isUnknown(healthCheck) || healthCheck === "ELB") continue;
      report(
        `The group receives load-balancer traffic but healthCheckType is ${show(healthCheck)}; set it to "ELB" ` +
          "so instances failing target-group health checks are replaced.",
        group.urn,
      );
    }
  },
});

export const asgLaunchTemplate = resourcePolicy({
  name: "asg-launch-template",
  family: "compute",
  description:
    "Checks whether Auto Scaling groups use a launch template (directly or in mixedInstancesPolicy) rather than a deprecated launch configuration (CKV_AWS_315).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_315"],
  remediationSteps:
    "Replace the aws.ec2.LaunchConfiguration with an aws.ec2.LaunchTemplate and reference it from launchTemplate or mixedInstancesPolicy.launchTemplate.",
  types: [T.asg, T.launchConfiguration],
  check: (subject, _config, report) => {
    if (subject.type === T.launchConfiguration) {
      report(
        "aws.ec2.LaunchConfiguration is deprecated (no new instance types); use an aws.ec2.LaunchTemplate.",
      );
      return;
    }
    const configuration = subject.props.launchConfiguration;
    if (typeof configuration === "string" && configuration !== "") {
      report(
        "launchConfiguration is set; remove it and set launchTemplate (or mixedInstancesPolicy.launchTemplate." +
          "launchTemplateSpecification) to an aws.ec2.LaunchTemplate.",
      );
      return;
    }
    const direct = subject.props.launchTemplate;
    const mixed = get(subject.props, "mixedInstancesPolicy", "launchTemplate");
    if (
      isObject(direct) ||
      isObject(mixed) ||
      isUnknown(direct) ||
      isUnknown(mixed) ||
      isUnknown(configuration)
    )
      return;
    report(
      "Neither launchTemplate nor mixedInstancesPolicy.launchTemplate is set; reference an aws.ec2.LaunchTemplate.",
    );
  },
});

export const computePolicies: CatalogEntry[] = [
  ec2Imdsv2,
  ec2ImdsHopLimit,
  ec2EbsEncrypted,
  ec2NoPublicIp,
  ec2UserDataSecrets,
  asgMultiAz,
  asgElbHealthCheck,
  asgLaunchTemplate,
];
