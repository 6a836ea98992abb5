namespace Portal.ProductManagement;

/// GTIN-8, -12 (UPC), -13 (EAN) and -14: digits only, the last one a check digit (GS1 mod 10: weights 3 and 1
/// alternating from the rightmost body digit).
public static class Gtin
{
    public static bool IsValid(string? gtin) =>
        gtin is { Length: 8 or 12 or 13 or 14 } && gtin.All(char.IsAsciiDigit) && CheckDigit(gtin[..^1]) == gtin[^1];

    public static char CheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public static string WithCheckDigit(string body) => body + CheckDigit(body);
}

/// Price rules of the bulk price editor.
public static class PriceRounding
{
    /// Rounds up to the next price ending in 9 cents (".x9"): the smallest amount, in whole cents, that is at least
    /// the given price and whose last cent digit is 9. 12.34 → 12.39, 12.39 → 12.39, 12.40 → 12.49,
    /// 12.391 → 12.49 (12.391 is above 12.39), 0.01 → 0.09. Never rounds down, so a derived list never undercuts
    /// its factor. Negative prices are refused.
    public static decimal UpToNine(decimal price)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        var cents = decimal.Ceiling(price * 100);
        var lastDigit = cents % 10;
        return (cents + ((9 - lastDigit + 10) % 10)) / 100;
    }

    /// A derived price: the base price times the factor, rounded up to .x9 (e.g. small-customer = base × 1.15).
    public static decimal Derive(decimal basePrice, decimal factor) => UpToNine(basePrice * factor);
}
