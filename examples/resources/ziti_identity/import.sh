# By id
terraform import ziti_identity.research_agent 3xH7Wq1Lp

# By name
terraform import ziti_identity.research_agent name:research-agent-0
