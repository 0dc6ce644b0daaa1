output "ci_role_arn" {
  description = "Role for the main branch's workflows (set as the repository variable AWS_CI_ROLE_ARN)."
  value       = aws_iam_role.this["ci"].arn
}

output "deploy_role_arn" {
  description = "Role for the production environment's jobs (set as the environment variable AWS_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.this["deploy"].arn
}
