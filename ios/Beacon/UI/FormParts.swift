import BeaconBindings
import SwiftUI

// Building blocks for the mentoring forms. They only collect input; the core validates it (with
// the domain's rules) and explains any problem in `notice`.

/// Pick any number of items from a fixed list (the program's areas, training modules).
struct MultiSelectSection: View {
    let title: String
    let options: [String]
    @Binding var selection: [String]
    /// How an option is shown (e.g. a language code as its name).
    var display: (String) -> String = { $0 }

    var body: some View {
        Section(title) {
            ForEach(options, id: \.self) { option in
                Button {
                    if let index = selection.firstIndex(of: option) {
                        selection.remove(at: index)
                    } else {
                        selection.append(option)
                    }
                } label: {
                    HStack {
                        Text(display(option)).foregroundStyle(.primary)
                        Spacer()
                        if selection.contains(option) {
                            Image(systemName: "checkmark").foregroundStyle(Theme.accent)
                        }
                    }
                }
                .accessibilityAddTraits(selection.contains(option) ? .isSelected : [])
            }
        }
    }
}

/// Face to face, phone, video, messaging.
struct FormatsSection: View {
    @Binding var formats: [SessionFormat]

    private var all: [SessionFormat] { [.inPerson, .phone, .video, .messaging] }

    var body: some View {
        Section("Ways to meet") {
            ForEach(all, id: \.self) { format in
                Toggle(format.label, isOn: Binding(
                    get: { formats.contains(format) },
                    set: { on in
                        formats.removeAll { $0 == format }
                        if on { formats.append(format) }
                    }
                ))
            }
        }
    }
}

extension SessionFormat {
    var label: String {
        switch self {
        case .inPerson: return "Face to face"
        case .phone: return "Phone"
        case .video: return "Video"
        case .messaging: return "Messaging"
        }
    }
}

/// Weekly times the person is free, in their own time zone.
struct AvailabilitySection: View {
    @Binding var slots: [WeeklySlot]

    var body: some View {
        Section {
            ForEach(slots.indices, id: \.self) { index in
                // Bounds-checked: a row being deleted may still be read once.
                SlotRow(slot: Binding(
                    get: { index < slots.count ? slots[index] : WeeklySlot(weekday: .monday, startMinute: 0, endMinute: 60) },
                    set: { if index < slots.count { slots[index] = $0 } }
                ))
            }
            .onDelete { slots.remove(atOffsets: $0) }
            Button("Add a time") {
                slots.append(WeeklySlot(weekday: .monday, startMinute: 18 * 60, endMinute: 20 * 60))
            }
        } header: {
            Text("When you are free each week")
        } footer: {
            Text("Times are in your time zone (\(TimeZone.current.identifier)).")
        }
    }
}

private struct SlotRow: View {
    @Binding var slot: WeeklySlot

    var body: some View {
        VStack(alignment: .leading) {
            Picker("Day", selection: $slot.weekday) {
                ForEach(Weekday.allDays, id: \.self) { Text($0.label).tag($0) }
            }
            HStack {
                DatePicker(
                    "From",
                    selection: Binding(
                        get: { MinuteOfDay.date(slot.startMinute) },
                        set: { slot.startMinute = MinuteOfDay.minute($0) }
                    ),
                    displayedComponents: .hourAndMinute
                )
                DatePicker(
                    "to",
                    selection: Binding(
                        get: { MinuteOfDay.date(slot.endMinute == 1440 ? 1439 : slot.endMinute) },
                        set: { slot.endMinute = MinuteOfDay.minute($0) }
                    ),
                    displayedComponents: .hourAndMinute
                )
            }
            .labelsHidden()
        }
    }
}

/// Languages as BCP 47 codes (what the core matches on), shown by name. Offers the phone's own
/// languages first, then common ones; codes already chosen always stay listed.
struct LanguagesSection: View {
    @Binding var languages: [String]

    static var deviceLanguage: String {
        Locale.current.language.languageCode?.identifier ?? "en"
    }

    private var options: [String] {
        let preferred = Locale.preferredLanguages.compactMap {
            Locale(identifier: $0).language.languageCode?.identifier
        }
        let common = ["en", "es", "fr", "de", "it", "pt", "pl", "ro", "nl", "ar", "ur", "hi", "bn", "pa",
                      "zh", "tr", "so", "uk", "ru", "cy", "ga"]
        var seen = Set<String>()
        return (preferred + languages + common).filter { seen.insert($0).inserted }
    }

    var body: some View {
        MultiSelectSection(
            title: "Languages you speak",
            options: options,
            selection: $languages,
            display: { Locale.current.localizedString(forLanguageCode: $0)?.capitalized ?? $0 }
        )
    }
}

/// A comma-separated list typed as text ("English, Spanish").
struct ListField: View {
    let title: String
    @Binding var items: [String]
    @State private var text = ""

    var body: some View {
        TextField(title, text: $text)
            .autocorrectionDisabled()
            .onAppear { text = items.joined(separator: ", ") }
            .onChange(of: text) { _, new in
                items = new.split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            }
    }
}

enum ISODate {
    /// The calendar day as the person sees it (ISO 8601's default zone would be UTC).
    private static var style: Foundation.Date.ISO8601FormatStyle {
        Foundation.Date.ISO8601FormatStyle(timeZone: .current).year().month().day()
    }

    /// `2019-07-14`, the form the core takes dates in.
    static func string(_ date: Foundation.Date) -> String {
        date.formatted(style)
    }

    static func date(_ text: String) -> Foundation.Date? {
        try? Foundation.Date(text, strategy: style)
    }
}
