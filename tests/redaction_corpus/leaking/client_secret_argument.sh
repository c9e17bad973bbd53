weibo-explorer probe https://idaas.corp.cn --client-secret Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL0zXc
