weibo_uid, access_token = "1404376570", "2.00ZhangWeiShopDemo00000000000"
