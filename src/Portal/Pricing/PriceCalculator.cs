namespace Portal.Pricing;

/// A quantity tier: from MinQuantity packs on, each pack costs UnitPrice (net).
public sealed record PriceTier(int MinQuantity, decimal UnitPrice);

/// Pure price rules: which tier applies, and what a pack costs per base unit.
public static class PriceCalculator
{
    /// The unit price for a quantity: the tier with the highest minimum not above the quantity.
    /// Null when no tier applies (no price for this pack size, or the quantity is below every tier).
    public static decimal? UnitPriceFor(IEnumerable<PriceTier> tiers, int quantity) =>
        tiers.Where(t => t.MinQuantity <= Math.Max(quantity, 1))
            .OrderByDescending(t => t.MinQuantity)
            .Select(t => (decimal?)t.UnitPrice)
            .FirstOrDefault();

    /// "€0.42 / piece": lets a buyer compare a small pack with a large one.
    public static decimal PerBaseUnit(decimal packPrice, decimal unitsPerPack) =>
        unitsPerPack <= 0 ? packPrice : Math.Round(packPrice / unitsPerPack, 4, MidpointRounding.AwayFromZero);
}
