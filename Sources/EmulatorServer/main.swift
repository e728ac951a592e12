print("stackrun-emulator")
