package identity_test

import (
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

type terraformState = terraform.State

var compareEqual = compare.ValuesSame()
