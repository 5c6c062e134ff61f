# By id
terraform import ziti_posture_check_process_multi.this 5Mq2WbgJ0zQeYfNnR1tX7s

# By name
terraform import ziti_posture_check_process_multi.this name:process_multi-check
