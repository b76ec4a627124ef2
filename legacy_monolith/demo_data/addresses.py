"""UK postal addresses as the shop stores them: a free-text blob, one line per part, some messy."""

import random

from faker import Faker

# (post town, postcode area): real towns so the data reads like a UK customer base.
TOWNS = (
    ("London", "E"),
    ("London", "N"),
    ("London", "SE"),
    ("London", "SW"),
    ("Manchester", "M"),
    ("Birmingham", "B"),
    ("Leeds", "LS"),
    ("Bristol", "BS"),
    ("Glasgow", "G"),
    ("Edinburgh", "EH"),
    ("Cardiff", "CF"),
    ("Liverpool", "L"),
    ("Sheffield", "S"),
    ("Newcastle upon Tyne", "NE"),
    ("Nottingham", "NG"),
    ("Leicester", "LE"),
    ("Brighton", "BN"),
    ("Oxford", "OX"),
    ("Cambridge", "CB"),
    ("York", "YO"),
    ("Bath", "BA"),
    ("Norwich", "NR"),
    ("Exeter", "EX"),
    ("Aberdeen", "AB"),
    ("Belfast", "BT"),
    ("Swansea", "SA"),
    ("Plymouth", "PL"),
    ("Southampton", "SO"),
    ("Reading", "RG"),
    ("Coventry", "CV"),
    ("Inverness", "IV"),
    ("Canterbury", "CT"),
)
COMMON_STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
    "The Green",
    "Queens Road",
    "Manor Close",
    "King Street",
)
STREET_SUFFIXES = (
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Way",
    "Crescent",
    "Gardens",
)
HOUSE_NAMES = ("Rose Cottage", "The Old Rectory", "Orchard House", "Ivy Lodge", "Hillside")
LOCALITIES = ("Headingley", "Clifton", "Jesmond", "Roath", "Morningside", "Didsbury", "Kemptown")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DELIVERY_NOTES = (
    "Leave with neighbour at no. 14",
    "Side door, ring twice",
    "Deliver to reception",
    "DO NOT leave in porch!!",
)


def make_postcode(rng: random.Random, area: str) -> str:
    unit = "".join(rng.choices(POSTCODE_LETTERS, k=2))
    return f"{area}{rng.randint(1, 20)} {rng.randint(0, 9)}{unit}"


def make_address(rng: random.Random, fake: Faker) -> str:
    """A UK address blob. About one in ten is messy the way years of free-text entry are."""
    town, area = rng.choice(TOWNS)
    lines = _street_lines(rng, fake)
    if rng.random() < 0.15:
        lines.append(rng.choice(LOCALITIES))
    lines += [town, make_postcode(rng, area)]
    if rng.random() < 0.2:
        lines.append("United Kingdom")
    return _maybe_messy(rng, fake, lines)


def _street_lines(rng: random.Random, fake: Faker) -> list[str]:
    if rng.random() < 0.3:
        street = rng.choice(COMMON_STREETS)
    else:
        street = f"{fake.last_name()} {rng.choice(STREET_SUFFIXES)}"
    roll = rng.random()
    if roll < 0.15:
        return [f"Flat {rng.randint(1, 40)}", f"{rng.randint(1, 250)} {street}"]
    if roll < 0.2:
        return [rng.choice(HOUSE_NAMES), street]
    return [f"{rng.randint(1, 250)} {street}"]


def _maybe_messy(rng: random.Random, fake: Faker, lines: list[str]) -> str:
    roll = rng.random()
    if roll < 0.03:  # typed into a single-line field
        return ", ".join(lines)
    if roll < 0.05:  # postcode never given
        return "\n".join(line for line in lines if not _looks_like_postcode(line))
    if roll < 0.07:  # someone else's name, or a note for the courier, in the address
        if rng.random() < 0.5:
            return "\n".join([f"c/o {fake.name()}", *lines])
        return "\n".join([*lines, rng.choice(DELIVERY_NOTES)])
    if roll < 0.085:  # postcode squashed and lower-cased
        return "\n".join(
            line.replace(" ", "").lower() if _looks_like_postcode(line) else line for line in lines
        )
    if roll < 0.1:  # shouted town, stray spaces and an empty line
        return "\n".join([f"{lines[0]}  ", "", *[line.upper() for line in lines[1:]]])
    return "\n".join(lines)


def _looks_like_postcode(line: str) -> bool:
    parts = line.split()
    return len(parts) == 2 and parts[1][:1].isdigit() and len(parts[1]) == 3
