# What the k8s `aws` overlay, deploy.yml and the runbook read (`terraform output -raw <name>`).

output "region" {
  description = "AWS region everything runs in."
  value       = var.region
}

output "availability_zones" {
  description = "Availability zones the subnets, nodes and database span."
  value       = module.network.availability_zones
}

# --- cluster -----------------------------------------------------------------------------------

output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name <this>)."
  value       = module.cluster.cluster_name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.cluster.cluster_endpoint
}

output "cluster_oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster (IRSA)."
  value       = module.cluster.oidc_provider_arn
}

output "node_group_names" {
  description = "Managed node group names (aws eks update-nodegroup-config --nodegroup-name <one>)."
  value       = module.cluster.node_group_names
}

output "cluster_autoscaler_irsa_role_arn" {
  description = "IAM role for the kube-system/cluster-autoscaler service account (eks.amazonaws.com/role-arn annotation)."
  value       = module.cluster.cluster_autoscaler_role_arn
}

# --- images ------------------------------------------------------------------------------------

output "ecr_repository_urls" {
  description = "ECR repository URL by component: { backend = \"<account>.dkr.ecr.<region>.amazonaws.com/dhakacart/backend\", frontend = ... }."
  value       = module.registry.repository_urls
}

output "backend_image_repository_url" {
  description = "ECR repository of the backend image (kustomize images: dhakacart/backend -> <this>:<git sha>)."
  value       = module.registry.repository_urls["backend"]
}

output "frontend_image_repository_url" {
  description = "ECR repository of the frontend image (kustomize images: dhakacart/frontend -> <this>:<git sha>)."
  value       = module.registry.repository_urls["frontend"]
}

# --- database ----------------------------------------------------------------------------------

output "database_instance_identifier" {
  description = "RDS instance identifier (aws rds describe-db-instances --db-instance-identifier <this>; reboot --force-failover for a failover drill)."
  value       = module.database.instance_identifier
}

output "database_host" {
  description = "DNS name of the PostgreSQL primary; it moves to the standby on a Multi-AZ failover, so always connect by this name."
  value       = module.database.address
}

output "database_port" {
  description = "PostgreSQL port."
  value       = module.database.port
}

output "database_endpoint" {
  description = "host:port of the PostgreSQL primary (RDS's endpoint)."
  value       = module.database.endpoint
}

output "database_name" {
  description = "Name of the shop's database."
  value       = module.database.database_name
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the database credentials, JSON {\"username\",\"password\"}; RDS rotates the password, so read it at pod start, never copy it. Connect with TLS (sslmode=verify-full, RDS CA bundle)."
  value       = module.database.master_user_secret_arn
}

output "jwt_secret_arn" {
  description = "Secrets Manager secret with the backend's JWT_SECRET, JSON {\"JWT_SECRET\": \"...\"}."
  value       = module.secrets.jwt_secret_arn
}

# --- workload identities (IRSA) ------------------------------------------------------------------

output "app_namespace" {
  description = "Namespace the IRSA roles below trust."
  value       = var.app_namespace
}

output "backend_service_account" {
  description = "Service account name the backend IRSA role trusts (in app_namespace)."
  value       = var.backend_service_account
}

output "backend_irsa_role_arn" {
  description = "IAM role of the backend service account: read database_secret_arn and jwt_secret_arn, nothing else (eks.amazonaws.com/role-arn annotation)."
  value       = module.secrets.backend_role_arn
}

# --- backups -----------------------------------------------------------------------------------

output "backup_bucket_name" {
  description = "S3 bucket for logical database backups (write under postgres/)."
  value       = module.backups.bucket_name
}

output "backup_job_service_account" {
  description = "Service account name the backup IRSA role trusts (in app_namespace)."
  value       = var.backup_job_service_account
}

output "backup_job_irsa_role_arn" {
  description = "IAM role of the backup job's service account: put and get objects under postgres/ in the backup bucket."
  value       = module.backups.backup_job_role_arn
}

# --- network -----------------------------------------------------------------------------------

output "vpc_id" {
  description = "VPC id."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets, one per availability zone."
  value       = module.network.private_subnet_ids
}

output "nat_gateway_public_ips" {
  description = "Egress addresses of the cluster (for third-party allow-lists)."
  value       = module.network.nat_gateway_public_ips
}

# --- CI/CD ---------------------------------------------------------------------------------------

output "github_ci_role_arn" {
  description = "Repository variable AWS_CI_ROLE_ARN for deploy.yml (null when github_repository is unset)."
  value       = one(module.github_actions[*].ci_role_arn)
}

output "github_deploy_role_arn" {
  description = "production environment variable AWS_DEPLOY_ROLE_ARN for deploy.yml (null when github_repository is unset)."
  value       = one(module.github_actions[*].deploy_role_arn)
}
