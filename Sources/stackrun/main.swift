print("stackrun")
