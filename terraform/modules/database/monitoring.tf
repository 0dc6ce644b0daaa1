# Enhanced Monitoring: OS-level metrics (CPU steal, memory, disk queue) every 30 s, published by
# RDS under this role.

data "aws_partition" "current" {}

resource "aws_iam_role" "monitoring" {
  name        = "${var.identifier}-rds-monitoring"
  description = "Lets RDS publish Enhanced Monitoring metrics of ${var.identifier}."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
