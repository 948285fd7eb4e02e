"""The editors' side: what readers asked and thought of the replies, and the intent tester."""
