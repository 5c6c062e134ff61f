# By id
terraform import ziti_posture_check_os.this 5Mq2WbgJ0zQeYfNnR1tX7s

# By name
terraform import ziti_posture_check_os.this name:os-check
