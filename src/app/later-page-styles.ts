// Mantine's styles for components that only pages after the first route use (dialogs, tables,
// selects, …), so the first route (/orgs) does not download them. Every other page imports this.
import '@mantine/core/styles/VisuallyHidden.layer.css';
import '@mantine/core/styles/SimpleGrid.layer.css';
import '@mantine/core/styles/Skeleton.layer.css';
import '@mantine/core/styles/Card.layer.css';
import '@mantine/core/styles/Progress.layer.css';
import '@mantine/core/styles/Container.layer.css';
import '@mantine/core/styles/Flex.layer.css';
import '@mantine/core/styles/Divider.layer.css';
import '@mantine/core/styles/Code.layer.css';
import '@mantine/core/styles/Kbd.layer.css';
import '@mantine/core/styles/Overlay.layer.css';
import '@mantine/core/styles/ModalBase.layer.css';
import '@mantine/core/styles/Modal.layer.css';
import '@mantine/core/styles/InlineInput.layer.css';
import '@mantine/core/styles/Checkbox.layer.css';
import '@mantine/core/styles/Combobox.layer.css';
import '@mantine/core/styles/Pill.layer.css';
import '@mantine/core/styles/PillsInput.layer.css';
import '@mantine/core/styles/ScrollArea.layer.css';
import '@mantine/core/styles/Table.layer.css';
import '@mantine/core/styles/RingProgress.layer.css';
import '@mantine/core/styles/Menu.layer.css';
import '@mantine/core/styles/Timeline.layer.css';
import '@mantine/core/styles/List.layer.css';
import '@mantine/core/styles/ThemeIcon.layer.css';
import '@mantine/core/styles/Tabs.layer.css';
