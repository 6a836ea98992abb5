using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Segmentation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClassOverride",
                table: "Customers",
                type: "TEXT",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OverrideReason",
                table: "Customers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OverrideUntil",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CustomerClassChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    FromClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    ToClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    FromStrategy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToStrategy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerClassChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerClassChanges_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CustomerFigures",
                columns: table => new
                {
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    KnownPotential = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Potential = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Basis = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    OrderCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    LineCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    EscalationCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    CallCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    VisitCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    CostToServe = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Margin = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Contribution = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Orders = table.Column<int>(type: "INTEGER", nullable: false),
                    PhoneOrders = table.Column<int>(type: "INTEGER", nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    Escalations = table.Column<int>(type: "INTEGER", nullable: false),
                    Calls = table.Column<int>(type: "INTEGER", nullable: false),
                    Visits = table.Column<int>(type: "INTEGER", nullable: false),
                    LastPurchase = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MedianIntervalDays = table.Column<decimal>(type: "TEXT", precision: 9, scale: 1, nullable: true),
                    ComputedClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    RevenueClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClassReason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerFigures", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_CustomerFigures_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SegmentationActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentationActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SegmentationActions_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SegmentationRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Customers = table.Column<int>(type: "INTEGER", nullable: false),
                    ClassA = table.Column<int>(type: "INTEGER", nullable: false),
                    ClassB = table.Column<int>(type: "INTEGER", nullable: false),
                    ClassC = table.Column<int>(type: "INTEGER", nullable: false),
                    Changes = table.Column<int>(type: "INTEGER", nullable: false),
                    ActionsCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ActiveKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    NightlyKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SegmentationSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentationSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerClassChanges_CustomerId_At",
                table: "CustomerClassChanges",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerFigures_Basis",
                table: "CustomerFigures",
                column: "Basis");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerFigures_ComputedClass",
                table: "CustomerFigures",
                column: "ComputedClass");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerFigures_Strategy",
                table: "CustomerFigures",
                column: "Strategy");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentationActions_CustomerId_Status",
                table: "SegmentationActions",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SegmentationActions_Status_Kind",
                table: "SegmentationActions",
                columns: new[] { "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_SegmentationRuns_ActiveKey",
                table: "SegmentationRuns",
                column: "ActiveKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SegmentationRuns_CreatedAt",
                table: "SegmentationRuns",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentationRuns_NightlyKey",
                table: "SegmentationRuns",
                column: "NightlyKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerClassChanges");

            migrationBuilder.DropTable(
                name: "CustomerFigures");

            migrationBuilder.DropTable(
                name: "SegmentationActions");

            migrationBuilder.DropTable(
                name: "SegmentationRuns");

            migrationBuilder.DropTable(
                name: "SegmentationSettings");

            migrationBuilder.DropColumn(
                name: "ClassOverride",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "OverrideReason",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "OverrideUntil",
                table: "Customers");
        }
    }
}
