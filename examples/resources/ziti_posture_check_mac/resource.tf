# The build server, known by its network card.
resource "ziti_posture_check_mac" "build_server" {
  name          = "build-server"
  mac_addresses = ["00:1a:2b:3c:4d:5e"]
}
