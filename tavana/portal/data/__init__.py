"""Her own data to take away (what own_data.py gathers, in the format she picks)."""
