client.login_weibo(access_token="2.00Qw3RtY9uIoP5aSdF7gHjK1lZxCv8bN", uid="5809412367")
