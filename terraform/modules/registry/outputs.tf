output "repository_urls" {
  description = "Repository URL by component, e.g. { backend = \"<account>.dkr.ecr.<region>.amazonaws.com/dhakacart/backend\" }."
  value       = { for component, repository in aws_ecr_repository.this : component => repository.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by component."
  value       = { for component, repository in aws_ecr_repository.this : component => repository.arn }
}
