using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Customers;

/// A contact person of a customer company in the master data (from the ERP or entered by sales): someone who may
/// order, with or without a portal account. The welcome journey invites those without one.
public class CustomerContact
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    /// "en" or "de": the language of mails to this contact.
    public string Language { get; set; } = "de";
}

internal sealed class CustomerContactConfiguration : IEntityTypeConfiguration<CustomerContact>
{
    public void Configure(EntityTypeBuilder<CustomerContact> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(256);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.HasIndex(c => new { c.CustomerId, c.Email }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
