terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAKMNIR4FGVMTGRABP"
  secret_key = "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"
}

resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine         = "postgres"
  instance_class = "db.t3.medium"
  username       = "orders_admin"
  password       = "sh*+bAKLx5DiFTjGq"
}

resource "aws_db_instance" "replica" {
  identifier = "orders-replica"
  password   = var.replica_password
}

resource "aws_lambda_function" "export" {
  function_name    = "orders-export"
  source_code_hash = "7dWKLzthoospmUjEUetiJ/13JuQ1rZz6yGwGIOGJ6BA="
  environment {
    variables = {
      GITLAB_TOKEN = base64decode("Z2xwYXQtdUFNWkpIVGFkZVBBblBtdVhxYy0=")
      KMS_KEY_ID   = "arn:aws:kms:eu-west-1:123456789012:key/c765ac00-e8a5-4996-8bd5-2b12f150ea3f"
    }
  }
}
