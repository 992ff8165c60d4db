# Fælles måling: indikatorer, deres tal og overblikket

log-entity-indicator = indikator
log-entity-indicator_unit = egen enhed
log-action-values = Tal indført
log-action-rename = Omdøbt

err-period-invalid = Skriv perioden som 2024, 2024K3, 2024M07 eller 2024W07.
err-period-wrong-frequency = Perioden passer ikke til indikatorens hyppighed.
err-period-repeated = Samme periode står der to gange.
err-unit-unknown = Enheden findes ikke på indikatorens geografiske niveau.
err-number-invalid = Skriv et tal.
err-out-of-range = Tallet ligger uden for det tilladte.
err-indicator-foreign-goal = Et af målene findes ikke i dette initiativ.
err-indicator-values-fix-shape = Hyppighed og geografi kan ikke ændres, når indikatoren har tal.
err-organisation-not-member = Organisationen er ikke medlem af alliancen.
