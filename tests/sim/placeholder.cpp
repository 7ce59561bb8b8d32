// removed once the simulator lands
