using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Identity;
using Portal.Mail;
using Portal.Ordering;
using Portal.Pricing;

namespace Portal.Data;

/// Identity and the whole domain in one context. Each provider has its own subclass so that each keeps its own
/// migrations (Data/Migrations/Sqlite, Data/Migrations/Postgres). To add a migration, run both:
///   dotnet ef migrations add NAME --project src/Portal --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite
///   dotnet ef migrations add NAME --project src/Portal --context PostgresPortalDbContext --output-dir Data/Migrations/Postgres
public class PortalDbContext : IdentityDbContext<PortalUser>, IDataProtectionKeyContext
{
    protected PortalDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();
    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<PackSize> PackSizes => Set<PackSize>();
    public DbSet<Catalog> Catalogs => Set<Catalog>();
    public DbSet<CatalogItem> CatalogItems => Set<CatalogItem>();
    public DbSet<CatalogAssignment> CatalogAssignments => Set<CatalogAssignment>();
    public DbSet<CatalogVersion> CatalogVersions => Set<CatalogVersion>();
    public DbSet<PriceList> PriceLists => Set<PriceList>();
    public DbSet<PriceListEntry> PriceListEntries => Set<PriceListEntry>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<Purchasing.OrderApproval> OrderApprovals => Set<Purchasing.OrderApproval>();
    public DbSet<Purchasing.Quote> Quotes => Set<Purchasing.Quote>();
    public DbSet<Purchasing.QuoteItem> QuoteItems => Set<Purchasing.QuoteItem>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<SegmentRule> SegmentRules => Set<SegmentRule>();
    public DbSet<CartBundle> CartBundles => Set<CartBundle>();
    public DbSet<ServiceModules.ServiceModule> ServiceModules => Set<ServiceModules.ServiceModule>();
    public DbSet<ServiceModules.ServiceModulePrice> ServiceModulePrices => Set<ServiceModules.ServiceModulePrice>();
    public DbSet<ServiceModules.BundleItem> BundleItems => Set<ServiceModules.BundleItem>();
    public DbSet<ServiceModules.Partner> Partners => Set<ServiceModules.Partner>();
    public DbSet<ServiceModules.PartnerProduct> PartnerProducts => Set<ServiceModules.PartnerProduct>();
    public DbSet<SearchMiss> SearchMisses => Set<SearchMiss>();
    public DbSet<Sales.Escalation> Escalations => Set<Sales.Escalation>();
    public DbSet<Sales.EscalationComment> EscalationComments => Set<Sales.EscalationComment>();
    public DbSet<Sales.Touch> Touches => Set<Sales.Touch>();
    public DbSet<Sales.CareTask> CareTasks => Set<Sales.CareTask>();
    public DbSet<Care.Campaigns.Campaign> Campaigns => Set<Care.Campaigns.Campaign>();
    public DbSet<Care.Campaigns.CampaignRecipient> CampaignRecipients => Set<Care.Campaigns.CampaignRecipient>();
    public DbSet<Care.Campaigns.CampaignClick> CampaignClicks => Set<Care.Campaigns.CampaignClick>();
    public DbSet<Care.Journeys.Journey> Journeys => Set<Care.Journeys.Journey>();
    public DbSet<Care.Journeys.JourneyStep> JourneySteps => Set<Care.Journeys.JourneyStep>();
    public DbSet<Care.Journeys.JourneyEnrolment> JourneyEnrolments => Set<Care.Journeys.JourneyEnrolment>();
    public DbSet<Sales.PotentialChange> PotentialChanges => Set<Sales.PotentialChange>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<Payments.ProcessedWebhookEvent> ProcessedWebhookEvents => Set<Payments.ProcessedWebhookEvent>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<MailConsent> MailConsents => Set<MailConsent>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Segmentation.CustomerFigures> CustomerFigures => Set<Segmentation.CustomerFigures>();
    public DbSet<Segmentation.CustomerSegmentChange> CustomerSegmentChanges => Set<Segmentation.CustomerSegmentChange>();
    public DbSet<Segmentation.SegmentationAction> SegmentationActions => Set<Segmentation.SegmentationAction>();
    public DbSet<Segmentation.SegmentationRun> SegmentationRuns => Set<Segmentation.SegmentationRun>();
    public DbSet<Segmentation.SegmentationSettingsRecord> SegmentationSettings => Set<Segmentation.SegmentationSettingsRecord>();
    public DbSet<Reordering.ReorderList> ReorderLists => Set<Reordering.ReorderList>();
    public DbSet<Reordering.ReorderListLine> ReorderListLines => Set<Reordering.ReorderListLine>();
    public DbSet<ProductManagement.AuditEntry> AuditEntries => Set<ProductManagement.AuditEntry>();
    public DbSet<Api.ApiClient> ApiClients => Set<Api.ApiClient>();
    public DbSet<Api.WebhookEndpoint> WebhookEndpoints => Set<Api.WebhookEndpoint>();
    public DbSet<Api.WebhookEvent> WebhookEvents => Set<Api.WebhookEvent>();
    public DbSet<Api.WebhookDelivery> WebhookDeliveries => Set<Api.WebhookDelivery>();
    public DbSet<Api.WebhookAttempt> WebhookAttempts => Set<Api.WebhookAttempt>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceDocument> InvoiceDocuments => Set<InvoiceDocument>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
