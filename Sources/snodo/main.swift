print("snodo")
