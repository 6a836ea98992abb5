using System.ComponentModel.DataAnnotations;

namespace Portal.Ordering;

/// The company that sells through the portal: the head of a printed order confirmation. Set per deployment.
public sealed class SellerOptions
{
    public const string SectionName = "Seller";

    [Required]
    public string Name { get; set; } = "";

    /// One line: street, postal code and city.
    [Required]
    public string Address { get; set; } = "";

    public string? VatId { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}
