using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Localization;

namespace Portal.Sales;

/// Inside sales setting what a customer could earn with us a year. The next segmentation run classifies on the
/// larger of revenue and potential, so a potential decides care and prices; every change keeps its reason.
public sealed class PotentialEditor(PortalDbContext db, TimeProvider time)
{
    public const decimal Maximum = 100_000_000m;

    /// Reads what was typed in the user's culture ("12.500" and "12.500,50 €" in German); empty means unknown.
    /// Messages are translation keys.
    public static bool TryParse(string? text, CultureInfo culture, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        var cleaned = (text ?? "").Replace("€", "", StringComparison.Ordinal).Replace("EUR", "", StringComparison.OrdinalIgnoreCase).Trim();
        if (cleaned.Length == 0)
        {
            return true;
        }

        if (!NumberInput.TryParseAmount(cleaned, culture, out var parsed, allowNegative: true))
        {
            error = "Please enter an amount in euros, e.g. 12,500.";
            return false;
        }

        if (parsed < 0)
        {
            error = "The potential cannot be negative.";
            return false;
        }

        if (parsed > Maximum)
        {
            error = "The potential cannot be more than 100,000,000 EUR a year.";
            return false;
        }

        value = Localization.Money.Round(parsed);
        return true;
    }

    public async Task SetAsync(int customerId, decimal? potential, string reason, string? userId, string userName, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId, cancellationToken);
        db.PotentialChanges.Add(new PotentialChange
        {
            CustomerId = customerId,
            At = time.GetUtcNow(),
            From = customer.Potential,
            To = potential,
            Reason = reason.Length <= 500 ? reason : reason[..499] + "…",
            UserId = userId,
            ChangedBy = userName,
        });
        customer.Potential = potential;
        await db.SaveChangesAsync(cancellationToken);
    }
}
