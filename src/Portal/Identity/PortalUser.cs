using Microsoft.AspNetCore.Identity;
using Portal.Customers;

namespace Portal.Identity;

public class PortalUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// The company a customer user belongs to; null for staff.
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }

    /// "en" or "de"; mails and the UI default to it.
    public string Language { get; set; } = "en";

    /// Deactivated users cannot sign in; their orders and history stay.
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// Reorder reminder mails; each user can switch them off.
    public bool ReorderRemindersEnabled { get; set; } = true;
}
