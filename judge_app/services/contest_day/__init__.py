"""The contest day: judges' phones over the LAN, the service that answers them, the stage's show plan."""
