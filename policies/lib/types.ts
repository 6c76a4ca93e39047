/** Resource type tokens the pack inspects, in one place so a typo can't silently disable a policy. */
export const T = {
  asg: "aws:autoscaling/group:Group",
  launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  instance: "aws:ec2/instance:Instance",
  volume: "aws:ebs/volume:Volume",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eksCluster: "aws:eks/cluster:Cluster",
  eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  distribution: "aws:cloudfront/distribution:Distribution",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucketVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  bucketSse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketSseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  bucketLifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketOwnership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketAcl: "aws:s3/bucketAcl:BucketAcl",
  bucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  albListener: "aws:alb/listener:Listener",
  cacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheCluster: "aws:elasticache/cluster:Cluster",
  k8sDeployment: "kubernetes:apps/v1:Deployment",
  k8sStatefulSet: "kubernetes:apps/v1:StatefulSet",
  k8sDaemonSet: "kubernetes:apps/v1:DaemonSet",
  k8sReplicaSet: "kubernetes:apps/v1:ReplicaSet",
  k8sPod: "kubernetes:core/v1:Pod",
  k8sJob: "kubernetes:batch/v1:Job",
  k8sCronJob: "kubernetes:batch/v1:CronJob",
  k8sService: "kubernetes:core/v1:Service",
  k8sPdb: "kubernetes:policy/v1:PodDisruptionBudget",
  k8sHpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
} as const;

export const BUCKET_TYPES: readonly string[] = [T.bucket, T.bucketV2];
/** `aws.lb.*` and its `aws.alb.*` aliases register under both tokens. */
export const LOAD_BALANCER_TYPES: readonly string[] = [T.loadBalancer, T.albLoadBalancer];
export const LISTENER_TYPES: readonly string[] = [T.listener, T.albListener];

/**
 * AWS types that accept a `tags` map and that this platform creates (plus any AWS resource that sets `tags`
 * itself, see required-tags). Listing them matters because a missing `tags` input is exactly what we look for.
 */
export const TAGGABLE_AWS_TYPES: readonly string[] = [
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/internetGateway:InternetGateway",
  T.natGateway,
  "aws:ec2/eip:Eip",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  T.launchTemplate,
  T.instance,
  T.volume,
  T.bucket,
  T.bucketV2,
  T.distribution,
  T.logGroup,
  T.eksCluster,
  T.eksNodeGroup,
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:lb/listener:Listener",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:sns/topic:Topic",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ssm/parameter:Parameter",
  "aws:kms/key:Key",
  "aws:iam/role:Role",
  "aws:ecr/repository:Repository",
];

/** Workloads whose pod template lives at spec.template.spec. */
export const K8S_TEMPLATE_WORKLOADS: readonly string[] = [
  T.k8sDeployment,
  T.k8sStatefulSet,
  T.k8sDaemonSet,
  T.k8sReplicaSet,
  T.k8sJob,
];

/** Every kind that carries a pod spec (Pod itself, template workloads, CronJob). */
export const K8S_POD_KINDS: readonly string[] = [...K8S_TEMPLATE_WORKLOADS, T.k8sPod, T.k8sCronJob];
