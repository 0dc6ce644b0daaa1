output "instance_identifier" {
  description = "RDS instance identifier (for aws rds ... commands)."
  value       = aws_db_instance.this.identifier
}

output "instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}

output "address" {
  description = "DNS name of the database; it follows the primary across a Multi-AZ failover."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "endpoint" {
  description = "address:port of the database."
  value       = aws_db_instance.this.endpoint
}

output "database_name" {
  description = "Name of the shop's database."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Master user name (also in the secret)."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master credentials in: JSON {\"username\",\"password\"}, rotated by RDS."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}

output "kms_key_arn" {
  description = "KMS key of the database's storage."
  value       = module.key.key_arn
}
