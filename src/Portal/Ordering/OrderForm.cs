using System.ComponentModel.DataAnnotations;

namespace Portal.Ordering;

/// What every order form asks for besides the lines: the buyer's checkout and inside sales' order on behalf bind
/// the same fields, so both validate them alike. The idempotency key makes a resubmitted form place one order.
public class OrderForm
{
    [Required]
    public string IdempotencyKey { get; set; } = "";

    public int? DeliveryAddressId { get; set; }
    public string? DeliveryOptionCode { get; set; }

    [StringLength(64, ErrorMessage = "At most 64 characters.")]
    public string? CustomerReference { get; set; }

    [DataType(DataType.Date)]
    public DateOnly? RequestedDeliveryDate { get; set; }

    [StringLength(2000, ErrorMessage = "At most 2,000 characters.")]
    public string? Comment { get; set; }
}
