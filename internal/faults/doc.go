// Package faults holds the acceptance tests of what the provider does when controllers fail
// under it: a cluster losing its leader or a follower in the middle of an apply, a member down
// during a plan, a single controller restarted mid-apply. Each test starts its own controllers
// (acctest.StartCluster) so that it can kill them, and drives OpenTofu as a user does.
package faults
