using System.ComponentModel.DataAnnotations;

namespace Portal;

/// Section "Seller": the company that sells through the portal. Its name and address sign every mail and head every
/// printed order confirmation. Set per deployment.
public sealed class SellerOptions
{
    public const string SectionName = "Seller";

    [Required]
    public string Name { get; set; } = "Portal";

    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? VatId { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    /// The address on one line: "Industriestraße 14, 79108 Freiburg im Breisgau".
    public string Address => string.Join(", ", AddressLines());

    /// The address for a letterhead or a mail footer; the country in the reader's language where t knows it
    /// (Seller:Country is configured in English, e.g. "Germany").
    public IEnumerable<string> AddressLines(Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        if (!string.IsNullOrWhiteSpace(Street))
        {
            yield return Street;
        }

        var place = $"{PostalCode} {City}".Trim();
        if (place.Length > 0)
        {
            yield return place;
        }

        if (!string.IsNullOrWhiteSpace(Country))
        {
            yield return t is null ? Country : t[Country].Value;
        }
    }
}
